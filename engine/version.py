from importlib.metadata import version

ENGINE_VERSION = version("deplan")
