from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, forgiving a file that was never collected.

    Otherwise a forgotten ``collectstatic`` turns every page, the error pages included, into a
    500; here the page renders and only the missing file 404s.
    """

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
