"""Python visitors and mutators of Relay expressions (memoizing: a shared node is visited,
or rewritten, once). For deep graphs prefer the C++ ExprVisitor/ExprMutator: these recurse in
Python."""
from ..ir import Op, GlobalVar
from .expr import Var, Constant, Tuple, Call, TupleGetItem, Let, If
from .function import Function


class ExprFunctor:
    """Dispatch on the node type to visit_<kind>; results are memoized per node."""

    def __init__(self):
        self.memo_map = {}

    def visit(self, expr):
        """The (memoized) result of visiting `expr`."""
        if expr in self.memo_map:
            return self.memo_map[expr]
        if isinstance(expr, Function):
            res = self.visit_function(expr)
        elif isinstance(expr, Call):
            res = self.visit_call(expr)
        elif isinstance(expr, Let):
            res = self.visit_let(expr)
        elif isinstance(expr, Var):
            res = self.visit_var(expr)
        elif isinstance(expr, GlobalVar):
            res = self.visit_global_var(expr)
        elif isinstance(expr, If):
            res = self.visit_if(expr)
        elif isinstance(expr, Tuple):
            res = self.visit_tuple(expr)
        elif isinstance(expr, TupleGetItem):
            res = self.visit_tuple_getitem(expr)
        elif isinstance(expr, Constant):
            res = self.visit_constant(expr)
        elif isinstance(expr, Op):
            res = self.visit_op(expr)
        else:
            raise TypeError(f"ExprFunctor: not a Relay expression: {type(expr).__name__}")
        self.memo_map[expr] = res
        return res

    def visit_function(self, fn):
        raise NotImplementedError()

    def visit_call(self, call):
        raise NotImplementedError()

    def visit_let(self, let):
        raise NotImplementedError()

    def visit_var(self, var):
        raise NotImplementedError()

    def visit_global_var(self, gvar):
        raise NotImplementedError()

    def visit_if(self, ite):
        raise NotImplementedError()

    def visit_tuple(self, tup):
        raise NotImplementedError()

    def visit_tuple_getitem(self, t):
        raise NotImplementedError()

    def visit_constant(self, const):
        raise NotImplementedError()

    def visit_op(self, op):
        raise NotImplementedError()


class ExprVisitor(ExprFunctor):
    """Visits every node once; override visit_<kind> and call the base to go on."""

    def visit_function(self, fn):
        for p in fn.params:
            self.visit(p)
        self.visit(fn.body)

    def visit_call(self, call):
        self.visit(call.op)
        for a in call.args:
            self.visit(a)

    def visit_let(self, let):
        self.visit(let.var)
        self.visit(let.value)
        self.visit(let.body)

    def visit_var(self, var):
        pass

    def visit_global_var(self, gvar):
        pass

    def visit_if(self, ite):
        self.visit(ite.cond)
        self.visit(ite.true_branch)
        self.visit(ite.false_branch)

    def visit_tuple(self, tup):
        for f in tup.fields:
            self.visit(f)

    def visit_tuple_getitem(self, t):
        self.visit(t.tuple_value)

    def visit_constant(self, const):
        pass

    def visit_op(self, op):
        pass


class ExprMutator(ExprFunctor):
    """Rewrites a graph; a node is rebuilt only when a child changed."""

    def visit_function(self, fn):
        params = [self.visit(p) for p in fn.params]
        body = self.visit(fn.body)
        if all(a.same_as(b) for a, b in zip(params, fn.params)) and body.same_as(fn.body):
            return fn
        return Function(params, body, fn.ret_type, None, fn.attrs)

    def visit_call(self, call):
        op = self.visit(call.op)
        args = [self.visit(a) for a in call.args]
        if op.same_as(call.op) and all(a.same_as(b) for a, b in zip(args, call.args)):
            return call
        return Call(op, args, call.attrs, call.type_args, call.span)

    def visit_let(self, let):
        var = self.visit(let.var)
        value = self.visit(let.value)
        body = self.visit(let.body)
        if var.same_as(let.var) and value.same_as(let.value) and body.same_as(let.body):
            return let
        return Let(var, value, body)

    def visit_var(self, var):
        return var

    def visit_global_var(self, gvar):
        return gvar

    def visit_if(self, ite):
        c, t, f = self.visit(ite.cond), self.visit(ite.true_branch), self.visit(ite.false_branch)
        if c.same_as(ite.cond) and t.same_as(ite.true_branch) and f.same_as(ite.false_branch):
            return ite
        return If(c, t, f)

    def visit_tuple(self, tup):
        fields = [self.visit(f) for f in tup.fields]
        if all(a.same_as(b) for a, b in zip(fields, tup.fields)):
            return tup
        return Tuple(fields, tup.span)

    def visit_tuple_getitem(self, t):
        tup = self.visit(t.tuple_value)
        return t if tup.same_as(t.tuple_value) else TupleGetItem(tup, t.index)

    def visit_constant(self, const):
        return const

    def visit_op(self, op):
        return op
