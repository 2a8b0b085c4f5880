"""The debug graph executor: a GraphModule that also times every operator and prints a table.

    m = debug_executor.create(lib.get_graph_json(), lib.get_lib(), dev)
    m.set_input(**inputs); m.run()     # prints node, op, time, share, output shape
"""
import json

from ..graph_executor import GraphModule, _device_args
from ..._ffi.registry import get_global_func


def create(graph_json_str, libmod, device, dump_root=None):
    """A GraphModuleDebug; `dump_root` is accepted for compatibility (the table is printed)."""
    fcreate = get_global_func("tvm.graph_executor_debug.create")
    dev = _device_args(device)[0]
    return GraphModuleDebug(fcreate(graph_json_str, libmod, dev), graph_json_str, dev)


class GraphModuleDebug(GraphModule):
    """GraphModule with per-operator timing."""

    def __init__(self, module, graph_json_str, device):
        super().__init__(module)
        self._graph = json.loads(graph_json_str)
        self._device = device
        self._run_individual = module["run_individual"]

    def run_individual(self, number=10, repeat=1, min_repeat_ms=1):
        """Seconds per call of each node's operator (0.0 for inputs), in node order."""
        text = self._run_individual(number, repeat, min_repeat_ms)
        return [float(t) for t in text.split(",")] if text else []

    def profile(self, number=10, repeat=3, min_repeat_ms=1):
        """Rows (node, op, seconds, share, output shape) of the operator nodes, slowest first."""
        times = self.run_individual(number, repeat, min_repeat_ms)
        nodes = self._graph["nodes"]
        shapes = self._graph["attrs"]["shape"][1]
        row_ptr = self._graph.get("node_row_ptr")
        total = sum(times) or 1.0
        rows = []
        for nid, node in enumerate(nodes):
            if node["op"] != "tvm_op":
                continue
            eid = row_ptr[nid] if row_ptr else nid
            rows.append((node["name"], node["attrs"]["func_name"], times[nid],
                         times[nid] / total, tuple(shapes[eid])))
        rows.sort(key=lambda r: -r[2])
        return rows

    def run(self, **input_dict):
        """Run the graph, then time each operator and print the profile table."""
        super().run(**input_dict)
        print(self.format_profile(self.profile()))

    @staticmethod
    def format_profile(rows):
        header = ("Node", "Op", "Time (us)", "Share", "Output shape")
        body = [(n, op, f"{t * 1e6:.2f}", f"{s * 100:.1f}%", str(shape))
                for n, op, t, s, shape in rows]
        total = sum(r[2] for r in rows)
        body.append(("Total", "", f"{total * 1e6:.2f}", "100.0%", ""))
        widths = [max(len(str(x)) for x in col) for col in zip(header, *body)]
        lines = ["  ".join(str(x).ljust(w) for x, w in zip(header, widths))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(str(x).ljust(w) for x, w in zip(row, widths)) for row in body]
        return "\n".join(lines)
