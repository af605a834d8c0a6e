from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, forgiving a file that was never collected.

    Otherwise a forgotten ``collectstatic`` turns every page, the error pages included, into a
    500; here the page renders and only the missing file 404s.
    """

    manifest_strict = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name

    def url(self, name, force=False):
        # Every page names the same few files, and their hashed names change only when
        # collectstatic writes a new manifest: each address is worked out once until then.
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

    def save_manifest(self):
        super().save_manifest()
        self._urls.clear()
