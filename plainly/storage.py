from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, forgiving a file missing from the manifest.

    A strict manifest turns a forgotten ``collectstatic`` into a 500 on every page, the error page
    included; here the page renders and only the missing file 404s.
    """

    manifest_strict = False
