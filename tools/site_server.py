"""Serve the built site on 127.0.0.1 (browser tests, link check and `make bench`)."""

import contextlib
import functools
import http.server
import sys
import threading


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly. The LinkChecker header lifts LinkChecker's politeness delay
    (at most ~3 requests per second to a host that does not send it)."""

    def end_headers(self):
        self.send_header("LinkChecker", "localhost test server")
        super().end_headers()

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that drops a connection it no longer needs is not an error of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory):
    """Yield the base URL (no trailing slash) of a server for ``directory`` on a free port."""
    server = Server(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
