namespace LearningMechanics.Harness.Models;

/// <summary>How initial scales, layer multipliers and learning rates depend on width (Yang &amp; Hu 2021, Table 1).</summary>
public enum Parameterization
{
    /// <summary>PyTorch's default: W, b ~ U(−1/√fan_in, 1/√fan_in), multiplier 1.</summary>
    Standard,

    /// <summary>Jacot et al. 2018: W ~ N(0, 1), multiplier 1/√fan_in on every layer; the kernel freezes as width grows.</summary>
    Ntk,

    /// <summary>
    /// Maximal-update (mean-field) scaling for one hidden layer: NTK multipliers except 1/fan_in on the readout, and
    /// every learning rate multiplied by the width, so features move by O(1) at any width. For one hidden layer μP and
    /// the mean-field parameterization coincide (Yang &amp; Hu 2021, §5); deeper μP is not implemented here.
    /// </summary>
    MuP,
}
