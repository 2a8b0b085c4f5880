"""Reading the Relay text format back: the printer's output parses to a structurally equal
program, so tests can state IR as text (see docs/relay.md for the format).

    mod = tvm.relay.parser.parse('''
    #[version = "0.0.5"]
    def @main(%x: Tensor[(1, 3), float32]) {
      %0 = add(%x, %x);
      nn.relu(%0)
    }
    ''')

Supported: `def @name(...) -> type { ... }` functions, `fn` expressions, temporaries
(`%0 = ...;`), `let`, `if`/`else`, tuples and projections (`%t.0`), calls of ops (with
`key=value` attributes) and of functions, scalar literals (`1f`, `2`, `3i64`, `1f64`, `True`),
`meta[relay.Constant][i]` from `init_meta_table`, and every type the printer writes. Comments
(`/* ... */`, `// ...`) are skipped. A syntax error is a ValueError naming the line, the
column and what was expected.
"""
import re

import numpy as np

from .. import tir
from ..ir import IRModule, GlobalVar, Op
from .._ffi.registry import get_global_func
from . import expr as _expr
from .function import Function
from .ty import TensorType, TupleType, FuncType, IncompleteType, Any

__all__ = ["parse", "parse_expr", "fromtext"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|/\*.*?\*/|//[^\n]*|\#\[[^\]]*\])
  | (?P<local>%[A-Za-z0-9_]+(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<global>@[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<number>-?(?:\d+\.\d*|\d+)(?:e[+-]?\d+)?(?:f16|f32|f64|f|i8|i16|i32|i64|u8|u16|u32|u64)?)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<arrow>->)
  | (?P<punct>[()\[\]{},;=:.?])
    """,
    re.VERBOSE | re.DOTALL,
)

_SUFFIX_DTYPE = {"f": "float32", "f16": "float16", "f32": "float32", "f64": "float64",
                 "i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64", "u8": "uint8",
                 "u16": "uint16", "u32": "uint32", "u64": "uint64"}


class _Token:
    __slots__ = ("kind", "text", "line", "col")

    def __init__(self, kind, text, line, col):
        self.kind, self.text, self.line, self.col = kind, text, line, col


def _tokenize(source):
    tokens, pos, line, line_start = [], 0, 1, 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise ValueError(
                f"relay parser: line {line}, column {pos - line_start + 1}: "
                f"unexpected character {source[pos]!r}"
            )
        kind = m.lastgroup
        text = m.group(kind)
        if kind != "ws":
            tokens.append(_Token(kind, text, line, pos - line_start + 1))
        newlines = text.count("\n")
        if newlines:
            line += newlines
            line_start = pos + text.rfind("\n") + 1
        pos = m.end()
    tokens.append(_Token("eof", "", line, pos - line_start + 1))
    return tokens


class _Parser:
    def __init__(self, source, meta):
        self.toks = _tokenize(source)
        self.pos = 0
        self.meta = meta or {}
        self.scopes = [{}]
        self.globals = {}
        self.dims = {}

    # ---- tokens --------------------------------------------------------------------------
    def peek(self, k=0):
        return self.toks[min(self.pos + k, len(self.toks) - 1)]

    def error(self, expected):
        t = self.peek()
        found = "the end of the text" if t.kind == "eof" else repr(t.text)
        raise ValueError(
            f"relay parser: line {t.line}, column {t.col}: expected {expected}, found {found}"
        )

    def at(self, text):
        return self.peek().text == text and self.peek().kind in ("punct", "ident", "arrow")

    def accept(self, text):
        if self.at(text):
            self.pos += 1
            return True
        return False

    def expect(self, text):
        if not self.accept(text):
            self.error(repr(text))

    def take(self, kind, what):
        t = self.peek()
        if t.kind != kind:
            self.error(what)
        self.pos += 1
        return t

    # ---- names ---------------------------------------------------------------------------
    def define(self, name, value):
        self.scopes[-1][name] = value

    def lookup(self, name):
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        self.pos -= 1
        self.error(f"a defined variable (%{name} is not defined)")
        return None

    def global_var(self, name):
        if name not in self.globals:
            self.globals[name] = GlobalVar(name)
        return self.globals[name]

    # ---- module and functions ------------------------------------------------------------
    def module(self):
        funcs = {}
        while self.peek().kind != "eof":
            if not self.accept("def"):
                if self.peek().kind == "global":
                    self.error("'def' (TIR functions cannot be parsed back)")
                self.error("'def'")
            name = self.take("global", "a function name (@name)").text[1:]
            if name in funcs:
                self.pos -= 1
                self.error(f"a new function name (@{name} is defined twice)")
            funcs[name] = self.function_rest()
        mod = IRModule()
        for name, func in funcs.items():
            mod[self.global_var(name)] = func
        return mod

    def function_rest(self):
        """`(params) [-> type] { body }`, after `def @name` or `fn`."""
        self.expect("(")
        self.scopes.append({})
        params, attrs = [], {}
        while not self.at(")"):
            if self.peek().kind == "ident" and self.peek(1).text == "=":
                key = self.take("ident", "an attribute name").text
                self.expect("=")
                attrs[key] = self.attr_value()
            else:
                name = self.take("local", "a parameter (%name)").text[1:]
                ty = self.type_() if self.accept(":") else None
                var = _expr.Var(name, ty)
                self.define(name, var)
                params.append(var)
            if not self.accept(","):
                break
        self.expect(")")
        ret_type = self.type_() if self.accept("->") else None
        body = self.block()
        self.scopes.pop()
        func = Function(params, body, ret_type)
        return func.with_attr(attrs) if attrs else func

    def block(self):
        self.expect("{")
        self.scopes.append({})
        body = self.body()
        self.scopes.pop()
        self.expect("}")
        return body

    def body(self):
        """Bindings separated by ';' and the final expression (iterative: let chains are long)."""
        lets = []
        while True:
            if self.accept("let"):
                name = self.take("local", "a let variable (%name)").text[1:]
                ty = self.type_() if self.accept(":") else None
                self.expect("=")
                value = self.expr()
                self.expect(";")
                var = _expr.Var(name, ty)
                self.define(name, var)
                lets.append((var, value))
            elif self.peek().kind == "local" and self.peek(1).text == "=":
                name = self.take("local", "a name").text[1:]
                self.expect("=")
                value = self.expr()
                self.expect(";")
                self.define(name, value)
            else:
                break
        result = self.expr()
        for var, value in reversed(lets):
            result = _expr.Let(var, value, result)
        return result

    # ---- expressions ---------------------------------------------------------------------
    def expr(self):
        e = self.primary()
        while True:
            if self.accept("."):
                e = _expr.TupleGetItem(e, int(self.take("number", "a field index").text))
            elif self.at("("):
                args, attrs = self.call_args()
                if attrs:
                    self.error("a call of a function without attributes")
                e = _expr.Call(e, args)
            else:
                return e

    def call_args(self):
        self.expect("(")
        args, attrs = [], {}
        while not self.at(")"):
            if self.peek().kind == "ident" and self.peek(1).text == "=":
                key = self.take("ident", "an attribute name").text
                self.expect("=")
                attrs[key] = self.attr_value()
            else:
                if attrs:
                    self.error("an attribute (key=value) after the first attribute")
                args.append(self.expr())
            if not self.accept(","):
                break
        self.expect(")")
        return args, attrs

    def primary(self):
        t = self.peek()
        if t.kind == "local":
            self.pos += 1
            return self.lookup(t.text[1:])
        if t.kind == "global":
            self.pos += 1
            return self.global_var(t.text[1:])
        if t.kind == "number":
            self.pos += 1
            return self.scalar(t.text)
        if self.at("(") and (self.peek(1).text == "let" or
                             (self.peek(1).kind == "local" and self.peek(2).text == "=")):
            self.pos += 1
            self.scopes.append({})
            e = self.body()
            self.scopes.pop()
            self.expect(")")
            return e
        if self.accept("("):
            fields, trailing = [], False
            while not self.at(")"):
                fields.append(self.expr())
                trailing = self.accept(",")
                if not trailing:
                    break
            self.expect(")")
            if len(fields) == 1 and not trailing:
                return fields[0]
            return _expr.Tuple(fields)
        if self.accept("fn"):
            return self.function_rest()
        if self.accept("if"):
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            then = self.block()
            self.expect("else")
            return _expr.If(cond, then, self.block())
        if self.accept("True") or self.accept("False"):
            return _expr.const(self.toks[self.pos - 1].text == "True", "bool")
        if self.accept("meta"):
            self.expect("[")
            kind = self.take("ident", "a meta kind such as relay.Constant").text
            self.expect("]")
            self.expect("[")
            index = int(self.take("number", "a meta index").text)
            self.expect("]")
            table = self.meta.get(kind, [])
            if index >= len(table):
                self.pos -= 1
                self.error(f"an index into the meta table (meta[{kind}] has {len(table)} entries)")
            return table[index]
        if t.kind == "ident":
            self.pos += 1
            try:
                op = Op.get(t.text)
            except ValueError:
                self.pos -= 1
                self.error(f"an operator ({t.text} is not a registered op)")
            args, attrs = self.call_args()
            return _expr.Call(op, args, self.make_attrs(op, attrs, t))
        self.error("an expression")
        return None

    def scalar(self, text):
        m = re.match(r"(-?[0-9.e+-]+?)(f16|f32|f64|f|i8|i16|i32|i64|u8|u16|u32|u64)?$", text)
        number, suffix = m.group(1), m.group(2)
        if suffix:
            dtype = _SUFFIX_DTYPE[suffix]
        else:
            dtype = "float32" if any(c in number for c in ".e") else "int32"
        value = float(number) if dtype.startswith("float") else int(float(number))
        return _expr.const(np.array(value, dtype=dtype), dtype)

    # ---- attributes ----------------------------------------------------------------------
    def attr_value(self):
        t = self.peek()
        if t.kind == "string":
            self.pos += 1
            return bytes(t.text[1:-1], "utf-8").decode("unicode_escape")
        if t.kind == "number":
            self.pos += 1
            text = t.text
            if text.endswith("f") and not text.endswith("f64"):
                return float(text[:-1])
            return float(text) if any(c in text for c in ".e") else int(text)
        if self.accept("True"):
            return True
        if self.accept("False"):
            return False
        if self.accept("None"):
            return None
        if self.accept("["):
            values = []
            while not self.at("]"):
                values.append(self.attr_value())
                if not self.accept(","):
                    break
            self.expect("]")
            return values
        self.error("an attribute value")
        return None

    def error_at(self, token, expected):
        raise ValueError(
            f"relay parser: line {token.line}, column {token.col}: expected {expected}"
        )

    def make_attrs(self, op, attrs, token):
        key = op.attrs_type_key
        if not key:
            if attrs:
                self.error_at(token, f"no attributes ({op.name} has none, got {', '.join(attrs)})")
            return None
        make = get_global_func("runtime.MakeNode")
        defaults = make(key)
        args = [key]
        for name, value in attrs.items():
            try:
                default = getattr(defaults, name)
            except AttributeError:
                self.error_at(token, f"an attribute of {key} ({name} is not one)")
            args += [name, self.attr_as_field(default, value)]
        return make(*args)

    def attr_as_field(self, default, value):
        """`value` in the form the field's type takes: plain Python values for int, float,
        bool and string fields; IntImm for the integers of Integer and Array fields."""
        if value is None:
            return None
        if isinstance(default, bool):
            return bool(value)
        if isinstance(default, (int, float, str)) and not isinstance(value, list):
            return type(default)(value)
        if isinstance(value, list):
            return [self.attr_as_field(None, v) for v in value]
        if isinstance(value, bool):
            return tir.IntImm("bool", int(value))
        if isinstance(value, int):
            return tir.IntImm("int64", value)  # as the FFI converts a Python int attribute
        return value

    # ---- types ---------------------------------------------------------------------------
    def type_(self):
        if self.accept("Tensor"):
            self.expect("[")
            self.expect("(")
            shape = []
            while not self.at(")"):
                shape.append(self.dim())
                if not self.accept(","):
                    break
            self.expect(")")
            self.expect(",")
            dtype = self.take("ident", "a dtype").text
            self.expect("]")
            return TensorType(shape, dtype)
        if self.accept("("):
            fields = []
            while not self.at(")"):
                fields.append(self.type_())
                if not self.accept(","):
                    break
            self.expect(")")
            return TupleType(fields)
        if self.accept("fn"):
            self.expect("(")
            args = []
            while not self.at(")"):
                args.append(self.type_())
                if not self.accept(","):
                    break
            self.expect(")")
            self.expect("->")
            return FuncType(args, self.type_())
        if self.accept("?"):
            return IncompleteType()
        t = self.take("ident", "a type")
        return TensorType((), t.text)

    def dim(self):
        if self.accept("?"):
            return Any()
        t = self.peek()
        if t.kind == "number":
            self.pos += 1
            return int(t.text)
        name = self.take("ident", "a dimension").text
        if name not in self.dims:
            self.dims[name] = tir.Var(name, "int32")
        return self.dims[name]


def parse(source, source_name="from_string", init_module=None, init_meta_table=None):
    """The IRModule written in Relay text `source` (functions added to `init_module` when
    given). `init_meta_table` maps "relay.Constant" to the constants meta[...] refers to."""
    del source_name
    mod = _Parser(source, init_meta_table).module()
    if init_module is not None:
        for gv in mod.get_global_vars():
            init_module[gv.name_hint] = mod[gv]
        return init_module
    return mod


def parse_expr(source, init_meta_table=None):
    """The expression written in Relay text `source` (bindings, then the result)."""
    parser = _Parser(source, init_meta_table)
    e = parser.body()
    if parser.peek().kind != "eof":
        parser.error("the end of the text")
    return e


def fromtext(source, source_name="from_string"):
    """An IRModule from Relay text (as parse)."""
    return parse(source, source_name)
