namespace LearningMechanics.Harness.Models;

/// <summary>
/// An abc-parameterization of an MLP with L hidden layers of width n (Yang &amp; Hu 2021, "Feature learning in
/// infinite-width neural networks", §3, Definition 3.1): layer l's effective weights are W^l = n^−a_l·w^l, the trained
/// parameters are initialised w^l ~ N(0, n^−2b_l), and SGD uses the learning rate η·n^−c. Layers are numbered
/// 1 … L+1 (input layer, L − 1 hidden-to-hidden layers, readout); the input dimension is fixed, so it does not enter
/// the exponents. The three named members are TP4's (§3, Table 1 and Definition 5.1; checked in
/// AbcParameterizationTests by the effective initial scales and learning rates they imply).
/// </summary>
public sealed record AbcParameterization(string Name, IReadOnlyList<double> A, IReadOnlyList<double> B, double C)
{
    /// <summary>Number of weight layers L + 1.</summary>
    public int Layers => A.Count;

    /// <summary>Standard: no multipliers, input weights N(0, 1), later layers N(0, 1/n), width-independent learning rate.</summary>
    public static AbcParameterization Standard(int hiddenLayers) =>
        Build("sp", hiddenLayers, _ => 0.0, l => l == 1 ? 0.0 : 0.5, 0);

    /// <summary>NTK: multiplier n^−1/2 on every layer after the first, all weights N(0, 1), width-independent learning rate.</summary>
    public static AbcParameterization Ntk(int hiddenLayers) =>
        Build("ntk", hiddenLayers, l => l == 1 ? 0.0 : 0.5, _ => 0.0, 0);

    /// <summary>
    /// Maximal update: a_1 = −1/2 (multiplier √n on the input layer), a_l = 0 in between, a_{L+1} = 1/2 on the readout;
    /// all weights N(0, 1/n); c = 0. Equivalently (TP5, Table 3, SGD): effective input weights N(0, 1) with learning
    /// rate η·n, hidden N(0, 1/n) with η, readout N(0, 1/n²) with η/n.
    /// </summary>
    public static AbcParameterization MuP(int hiddenLayers) =>
        Build("mup", hiddenLayers, l => l == 1 ? -0.5 : l == hiddenLayers + 1 ? 0.5 : 0.0, _ => 0.5, 0);

    /// <summary>The parameterization named "sp", "ntk" or "mup".</summary>
    public static AbcParameterization Named(string name, int hiddenLayers) => name switch
    {
        "sp" => Standard(hiddenLayers),
        "ntk" => Ntk(hiddenLayers),
        "mup" => MuP(hiddenLayers),
        _ => throw new ArgumentException($"Unknown parameterization '{name}'; use sp, ntk or mup.", nameof(name)),
    };

    private static AbcParameterization Build(string name, int hiddenLayers, Func<int, double> a, Func<int, double> b, double c)
    {
        if (hiddenLayers < 1) throw new ArgumentOutOfRangeException(nameof(hiddenLayers), hiddenLayers, "An MLP needs at least one hidden layer.");
        var layers = Enumerable.Range(1, hiddenLayers + 1).ToList();
        return new AbcParameterization(name, layers.Select(a).ToList(), layers.Select(b).ToList(), c);
    }
}
