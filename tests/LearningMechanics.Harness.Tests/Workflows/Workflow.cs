using YamlDotNet.RepresentationModel;

namespace LearningMechanics.Harness.Tests.Workflows;

/// <summary>A GitHub workflow file parsed with YamlDotNet, with the few accessors the checks need.</summary>
internal sealed class Workflow
{
    private Workflow(string name, YamlMappingNode root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }

    public YamlMappingNode Root { get; }

    /// <summary>Parses one YAML document whose root is a mapping; throws on malformed YAML (YamlException) or another shape.</summary>
    public static Workflow Parse(string yaml, string name = "workflow")
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1)
            throw new InvalidDataException($"{name}: expected one YAML document, found {stream.Documents.Count}");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException($"{name}: the root is not a mapping");
        return new Workflow(name, root);
    }

    public static Workflow Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public IEnumerable<(string Id, YamlMappingNode Job)> Jobs =>
        Get(Root, "jobs") is YamlMappingNode jobs
            ? jobs.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", kv.Value as YamlMappingNode ?? new YamlMappingNode()))
            : [];

    public IEnumerable<(string JobId, YamlMappingNode Step)> Steps =>
        Jobs.SelectMany(job => (Get(job.Job, "steps") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
                               .Select(step => (job.Id, step)) ?? []);

    public static YamlNode? Get(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;

    public static string? Scalar(YamlMappingNode? map, string key) => (Get(map, key) as YamlScalarNode)?.Value;

    /// <summary>The names of the events under <c>on:</c>, whichever of its three shapes it has.</summary>
    public IReadOnlyList<string> Triggers => Get(Root, "on") switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
        YamlMappingNode map => map.Children.Keys.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
        _ => [],
    };

    /// <summary>The labels of a job's <c>runs-on</c>; a mapping (runner group) or an expression yields a marker label.</summary>
    public static IReadOnlyList<string> RunsOn(YamlMappingNode job) => Get(job, "runs-on") switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
        YamlMappingNode => ["<runner group>"],
        _ => [],
    };

    /// <summary>
    /// Whether a job may land on a self-hosted runner: a <c>self-hosted</c> label, a runner group, or labels that come from
    /// an expression (which could be anything) all count.
    /// </summary>
    public static bool MayRunSelfHosted(YamlMappingNode job) =>
        RunsOn(job).Any(label => label == "self-hosted" || label == "<runner group>" || label.Contains("${{", StringComparison.Ordinal));

    /// <summary>Workflow env, then job env, then step env, as GitHub layers them.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentOf(YamlMappingNode job, YamlMappingNode step)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (YamlMappingNode? layer in new[] { Get(Root, "env"), Get(job, "env"), Get(step, "env") }.Select(n => n as YamlMappingNode))
            if (layer is not null)
                foreach (var (key, value) in layer.Children)
                    env[((YamlScalarNode)key).Value ?? ""] = (value as YamlScalarNode)?.Value ?? "";
        return env;
    }

    public YamlMappingNode Job(string id) =>
        Jobs.FirstOrDefault(j => j.Id == id).Job ?? throw new KeyNotFoundException($"{Name}: no job {id}");

    /// <summary>Every scalar in the document, keys included.</summary>
    public IEnumerable<string> AllScalars() => Scalars(Root);

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode seq => seq.Children.SelectMany(Scalars),
        YamlMappingNode map => map.Children.SelectMany(kv => Scalars(kv.Key).Concat(Scalars(kv.Value))),
        _ => [],
    };
}
