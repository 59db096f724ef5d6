"""A buffer's bytes as a Polars ``UInt8`` Series, without a copy and without numpy.

The pass over a whole CSV file (:func:`attcli.loaders._source._byte_counts`) counts its
bytes with Polars over windows of the file mapped into memory, and a Windows-1252 file's
bytes are looked over whole (``_utf8_pair``, ``_refuse_other_code_page``).  Polars takes
a buffer where it is only through the Arrow C data interface (the PyCapsule protocol,
``__arrow_c_array__``: https://arrow.apache.org/docs/format/CDataInterface.html), which
numpy gave it before: loading numpy for that alone was 0.08-0.12 s of every large
check's CPU (issue 15, sweep fixed2k).  Here the interface's two structures are written
with :mod:`ctypes` (which Polars itself loads): an array of ``length`` unsigned bytes
(format ``C``), no nulls, its data the buffer's own memory.
"""

from __future__ import annotations

import ctypes

import polars as pl


class _Schema(ctypes.Structure):
    _fields_ = [
        ("format", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("metadata", ctypes.c_char_p),
        ("flags", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.c_void_p),
        ("private_data", ctypes.c_void_p),
    ]


class _Array(ctypes.Structure):
    _fields_ = [
        ("length", ctypes.c_int64),
        ("null_count", ctypes.c_int64),
        ("offset", ctypes.c_int64),
        ("n_buffers", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("buffers", ctypes.c_void_p),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.c_void_p),
        ("private_data", ctypes.c_void_p),
    ]


# The interface's release callbacks: the consumer calls one when it is done with the
# structure (its own moved copy); it marks it released.  The memory is the buffer's, freed
# by its owner, not here.
@ctypes.CFUNCTYPE(None, ctypes.c_void_p)
def _release_schema(address: int) -> None:
    _Schema.from_address(address).release = None


@ctypes.CFUNCTYPE(None, ctypes.c_void_p)
def _release_array(address: int) -> None:
    array = _Array.from_address(address)
    _released.add(array.private_data)
    array.release = None


_RELEASE_SCHEMA = ctypes.cast(_release_schema, ctypes.c_void_p).value
_RELEASE_ARRAY = ctypes.cast(_release_array, ctypes.c_void_p).value
_new_capsule = ctypes.pythonapi.PyCapsule_New
_new_capsule.restype = ctypes.py_object
_new_capsule.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]

#: the views whose array Polars has released (their ``private_data``: a number of each)
_released: set[int] = set()
#: views Polars had not released when their series was gone: kept, never freed, so that
#: the memory Polars may still point into is never unmapped (none has been seen)
_kept: list[object] = []
_next = [0]


class _View:
    """The Arrow array of a buffer's bytes (``__arrow_c_array__``)."""

    def __init__(self, buffer: memoryview | bytearray | bytes) -> None:
        address: int | None
        if isinstance(buffer, bytes):  # (its own memory: a c_char_p of bytes points there)
            self.data: object = ctypes.c_char_p(buffer)
            address = ctypes.cast(self.data, ctypes.c_void_p).value
        else:
            self.data = (ctypes.c_uint8 * len(buffer)).from_buffer(buffer)
            address = ctypes.addressof(self.data)
        _next[0] += 1
        self.key = _next[0]
        self.buffers = (ctypes.c_void_p * 2)(None, address)
        self.schema = _Schema(b"C", b"b", None, 0, 0, None, None, _RELEASE_SCHEMA, None)
        self.array = _Array(
            len(buffer), 0, 0, 2, 0, ctypes.addressof(self.buffers), None, None,
            _RELEASE_ARRAY, self.key,
        )  # fmt: skip

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return (
            _new_capsule(ctypes.addressof(self.schema), b"arrow_schema", None),
            _new_capsule(ctypes.addressof(self.array), b"arrow_array", None),
        )


def select_row(buffer: memoryview | bytearray | bytes, *exprs: pl.Expr) -> tuple:
    """The one row ``exprs`` give over ``buffer``'s bytes (:func:`select`)."""
    return select(buffer, *exprs).row(0)


def select(buffer: memoryview | bytearray | bytes, *exprs: pl.Expr) -> pl.DataFrame:
    """The frame ``exprs`` give over ``buffer``'s bytes, as a ``UInt8`` column ``b`` read
    where they are (no copy).  ``buffer`` is ``bytes`` or writable (a ``bytearray``, a map
    opened ``ACCESS_COPY``), as :mod:`ctypes` asks to take its address; nothing writes to
    it.  Each of ``exprs`` makes a column of its own (an aggregate, places, a gather: not
    ``b`` itself, which would be the buffer's memory): Polars lets go of the memory before
    this returns, and the buffer can then be freed or unmapped."""
    view = _View(buffer)
    try:
        return pl.Series(view).to_frame().select(*exprs)
    finally:
        if view.key in _released:
            _released.discard(view.key)
        else:  # (Polars still holds it: never seen; the buffer stays exported, so mapped)
            _kept.append(view)
        del view  # (an error's traceback keeps this frame: not the buffer exported with it)
