"""Errors that the command line reports as one line, without a traceback."""


class KgError(Exception):
    """Base of the errors a user can fix: the message says what is wrong and where."""


class InputError(KgError):
    """An input file or record cannot be read as a document."""


class QueryError(KgError):
    """A SPARQL query cannot be parsed or run."""


class DocumentError(KgError):
    """kg failed on one document (a bug, not the input's fault): the run stops there, with the
    document named, instead of a traceback; what was written before it stays."""


class WorkerError(KgError):
    """A worker process died (killed, out of memory) and its documents could not be finished."""
