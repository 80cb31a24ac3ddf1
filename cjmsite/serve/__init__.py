"""`cjmsite serve`: a development server with live reload and an in-browser error page."""

from cjmsite.serve.server import ServeOptions, serve, site_relative

__all__ = ["ServeOptions", "serve", "site_relative"]
