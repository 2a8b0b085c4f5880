"""The tvmc command line: `tvmc compile` and `tvmc run` (also `python -m tvm.driver.tvmc`).

Every problem a user can cause ends as one line on stderr, "Error: ...", and exit status 4
(2 for a command line argparse rejects); -v adds the traceback.
"""
import argparse
import os
import sys
import traceback

from tvm.contrib.debugger import debug_executor

from .common import Progress, TVMCException, format_shape, parse_shape_string
from .frontends import SUPPORTED_FORMATS, check_model_file, first_line, load_model
from .runner import DEVICES, FILL_MODES, run_module

EXIT_USER_ERROR = 4
EXIT_INTERNAL_ERROR = 1


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _add_compile_parser(subparsers, common):
    from .compiler import DUMP_FORMATS  # pylint: disable=import-outside-toplevel

    p = subparsers.add_parser("compile", parents=[common], help="compile a model into a package",
                              description="Compile a model file into a package (a tar with "
                              "mod.so, mod.json and mod.params) that tvmc run executes.")
    p.add_argument("FILE", help="the model file (ONNX)")
    p.add_argument("--target", default="llvm",
                   help='what to compile for, e.g. llvm or "llvm -mcpu=skylake-avx512" '
                   "(default: llvm: this machine's CPU and its features)")
    p.add_argument("-o", "--output", default="module.tar",
                   help="the package file to write (default: module.tar)")
    p.add_argument("--input-shapes", metavar="SHAPES",
                   help='input shapes, e.g. "x:[1,3,224,224] y:[4]"; needed for inputs whose '
                   "shape the model leaves open")
    p.add_argument("--opt-level", type=int, default=3, choices=range(4), metavar="{0,1,2,3}",
                   help="the PassContext opt_level (default: 3)")
    p.add_argument("--model-format", choices=SUPPORTED_FORMATS,
                   help="the format of FILE (default: from its suffix)")
    p.add_argument("--dump-code", metavar="FORMATS",
                   help=f"also write the code as OUTPUT.<format>; comma-separated among "
                   f"{', '.join(DUMP_FORMATS)}")
    p.add_argument("--disabled-pass", metavar="PASSES",
                   help="comma-separated names of passes not to run (e.g. AlterOpLayout)")
    p.add_argument("--cross-compiler", metavar="CC",
                   help="the compiler that links mod.so (default: the system C compiler)")
    p.add_argument("--cross-compiler-options", metavar="OPTIONS",
                   help="options for --cross-compiler")
    p.set_defaults(func=drive_compile)


def _add_run_parser(subparsers, common):
    p = subparsers.add_parser("run", parents=[common], help="run a compiled package",
                              description="Run a package made by tvmc compile on the graph "
                              "executor.")
    p.add_argument("FILE", help="the package (a tar made by tvmc compile)")
    p.add_argument("--device", choices=DEVICES, default="cpu", help="where to run (default: cpu)")
    p.add_argument("-i", "--inputs", metavar="NPZ",
                   help="an .npz file of the inputs by name (np.savez); the model inputs it "
                   "does not hold are made with --fill-mode")
    p.add_argument("-o", "--outputs", metavar="NPZ",
                   help="write the outputs to this .npz file (output_0, output_1, ...)")
    p.add_argument("--fill-mode", choices=FILL_MODES, default="random",
                   help="how to make the inputs --inputs does not give (default: random)")
    p.add_argument("--print-time", action="store_true",
                   help="time the run (--repeat measurements of --number runs) and print "
                   "mean/median/max/min/std in ms")
    p.add_argument("--print-top", type=int, metavar="N",
                   help="print the N largest values of the first output and their indices")
    p.add_argument("--profile", action="store_true",
                   help="run on the debug executor and print the time of every operator")
    p.add_argument("--repeat", type=int, default=1, metavar="N",
                   help="measurements with --print-time (default: 1)")
    p.add_argument("--number", type=int, default=1, metavar="N",
                   help="runs per measurement with --print-time (default: 1)")
    p.set_defaults(func=drive_run)


def _make_parser():
    # -v/-q work before or after the command; SUPPRESS keeps a subcommand from resetting them.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="print the traceback of an error")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print no progress lines")
    parser = _Parser(prog="tvmc", description="TVM compiler driver: compile a model, run it.")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="print the traceback of an error")
    parser.add_argument("-q", "--quiet", action="store_true", default=False,
                        help="print no progress lines")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_compile_parser(subparsers, common)
    _add_run_parser(subparsers, common)
    return parser


def drive_compile(args):
    """tvmc compile: import FILE, build it, write the package."""
    from .compiler import check_compile_options, compile_model  # pylint: disable=import-outside-toplevel

    progress = Progress(not args.quiet)
    shape_dict = parse_shape_string(args.input_shapes) if args.input_shapes is not None else None
    # The cheap checks first: a typo in --target should not wait for the import.
    target, _ = check_compile_options(args.target, args.opt_level, args.output, args.dump_code)
    fmt = check_model_file(args.FILE, args.model_format)
    with progress.stage(f"import {args.FILE!r} ({fmt})", "import") as info:
        model = load_model(args.FILE, args.model_format, shape_dict)
        info["detail"] = "inputs " + ", ".join(f"{n} {format_shape(s)} {d}"
                                              for n, (s, d) in model.input_info().items())
    compile_model(model, target, opt_level=args.opt_level, package_path=args.output,
                  cross=args.cross_compiler, cross_options=args.cross_compiler_options,
                  dump_code=args.dump_code, disabled_pass=args.disabled_pass,
                  progress=progress)
    return 0


def drive_run(args):
    """tvmc run: run the package FILE; save/print what was asked for."""
    progress = Progress(not args.quiet)
    if args.print_top is not None and args.print_top < 1:
        raise TVMCException(f"--print-top must be a positive integer, got {args.print_top}")
    if args.outputs is not None:
        out_dir = os.path.dirname(os.path.abspath(args.outputs))
        if not os.path.isdir(out_dir):
            raise TVMCException(f"cannot write the outputs to {args.outputs!r}: the directory "
                                f"{out_dir!r} does not exist")
    result = run_module(args.FILE, device=args.device, inputs=args.inputs,
                        fill_mode=args.fill_mode, benchmark=args.print_time, repeat=args.repeat,
                        number=args.number, profile=args.profile, progress=progress)
    progress.note("outputs: " + ", ".join(f"{n} {format_shape(v.shape)} {v.dtype}"
                                          for n, v in result.outputs.items()))
    if args.outputs is not None:
        result.save(args.outputs)
        progress.note(f"outputs written to {args.outputs!r}")
    if args.print_top is not None:
        print(result.format_top_k(args.print_top), end="")
    if args.profile:
        print(debug_executor.GraphModuleDebug.format_profile(result.profile))
    if args.print_time:
        print(result.format_times(), end="")
    return 0


def main(argv=None):
    """Run tvmc with the arguments argv (default: sys.argv[1:]); returns the exit status."""
    parser = _make_parser()
    args = parser.parse_args(argv)
    if args.version:
        import tvm  # pylint: disable=import-outside-toplevel

        print(f"tvmc {tvm.__version__}")
        return 0
    if not hasattr(args, "func"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except TVMCException as err:
        if args.verbose:
            traceback.print_exc()
        sys.stderr.write(f"Error: {err}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted\n")
        return 130
    except Exception as err:  # pylint: disable=broad-except
        # A bug of the stack, not of the user's input: still one line unless -v.
        if args.verbose:
            traceback.print_exc()
        hint = "" if args.verbose else "; run with -v for the traceback"
        sys.stderr.write(f"Error: internal error, {type(err).__name__}: {first_line(err)}"
                         f"{hint}\n")
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
