"""Operators on string tensors (dtype "string").

They run on the host as runtime kernels (src/runtime/contrib/strings) through the Relay VM:
a model that uses them compiles with ``relay.vm.compile``. Text is UTF-8.
"""
from ..expr import TupleWrapper
from . import _make

__all__ = ["equal", "concat", "regex_full_match", "split", "normalize", "to_string",
           "to_number"]


def equal(lhs, rhs):
    """Elementwise lhs == rhs of two string tensors (broadcasting), bool."""
    return _make.strings_equal(lhs, rhs)


def concat(lhs, rhs):
    """Elementwise lhs + rhs of two string tensors (broadcasting)."""
    return _make.strings_concat(lhs, rhs)


def regex_full_match(data, pattern):
    """Whether each element matches `pattern` (ECMAScript syntax) as a whole, bool."""
    return _make.strings_regex_full_match(data, str(pattern))


def split(data, delimiter="", maxsplit=-1):
    """Each element split like Python's str.split: by `delimiter` (empty: by runs of
    whitespace, leading and trailing whitespace dropped, also at the end of the remainder
    after the last split, as ONNX StringSplit says), at most `maxsplit` times (negative: no
    limit).

    Returns (pieces, counts): pieces has data's shape plus one dimension as wide as the most
    pieces of any element (shorter rows padded with empty strings), counts (int64) how many
    pieces each element gave."""
    return TupleWrapper(_make.strings_split(data, str(delimiter), int(maxsplit)), 2)


def normalize(data, case_change_action="NONE", is_case_sensitive=False, locale="en_US",
              stopwords=()):
    """ONNX StringNormalizer on a [C] or [1, C] tensor: elements equal to a stop word are
    dropped (compared ignoring case unless is_case_sensitive), the rest change case
    ("NONE", "LOWER" or "UPPER", with the character classes of `locale`). When nothing is
    left the result is one empty string."""
    return _make.strings_normalize(data, str(case_change_action), bool(is_case_sensitive),
                                   str(locale), [str(w) for w in stopwords])


def to_string(data):
    """Numbers (bool, integers, float32, float64) as text: the shortest form that reads back to
    the same value; NaN, INF and -INF for the special floats."""
    return _make.strings_to_string(data)


def to_number(data, dtype="float32"):
    """Text read as numbers of `dtype` (bool, an integer type, float32 or float64); an element
    that is not such a number is a ValueError when the model runs."""
    return _make.strings_to_number(data, str(dtype))
