"""What the tests share: real servers (mail, Plainly, nginx, Varnish, Redis), a real browser, and
requests straight to the WSGI stack. The root ``conftest.py`` loads the modules that hold fixtures
as pytest plugins, so their fixtures reach every test; functions are imported where used."""
