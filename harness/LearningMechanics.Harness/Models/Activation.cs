using TorchSharp;

namespace LearningMechanics.Harness.Models;

public enum Activation { Identity, Tanh, Relu }

public static class ActivationFunctions
{
    public static torch.Tensor Apply(this Activation activation, torch.Tensor x) => activation switch
    {
        Activation.Tanh => torch.tanh(x),
        Activation.Relu => torch.nn.functional.relu(x),
        _ => x,
    };
}
