from django.dispatch import Signal

# A reader searched (the first page of results): ``request``, the ``query`` as cleaned, and how
# many questions were ``found``. For the apps above that learn from what readers look for.
searched = Signal()
