"""A multi-layer perceptron: 784 -> 128 -> 64 -> num_classes with ReLU and softmax."""
from tvm import relay

from .init import create_workload
from .layers import dense_add_bias


def get_net(batch_size, num_classes=10, image_shape=(1, 28, 28), dtype="float32"):
    data = relay.var("data", shape=(batch_size,) + tuple(image_shape), dtype=dtype)
    in_units = 1
    for d in image_shape:
        in_units *= d
    x = relay.nn.batch_flatten(data)
    x = relay.nn.relu(dense_add_bias(x, "fc1", 128, in_units))
    x = relay.nn.relu(dense_add_bias(x, "fc2", 64, 128))
    x = dense_add_bias(x, "fc3", num_classes, 64)
    out = relay.nn.softmax(x)
    return relay.Function(relay.analysis.free_vars(out), out)


def get_workload(batch_size=1, num_classes=10, image_shape=(1, 28, 28), dtype="float32"):
    """(mod, params) of the MLP."""
    return create_workload(get_net(batch_size, num_classes, image_shape, dtype))
