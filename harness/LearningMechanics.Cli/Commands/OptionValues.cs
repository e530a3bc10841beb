using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// Option value checks whose messages name the option and what it takes ("--tier 'huge' is not one of smoke, full"),
/// where System.CommandLine's own would name a CLR type.
/// </summary>
public static class OptionValues
{
    public static Option<string?> OneOf(Option<string?> option, params string[] words)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (!words.Contains(token.Value, StringComparer.Ordinal))
                    result.AddError($"{option.Name} '{token.Value}' is not one of {string.Join(", ", words)}.");
        });
        option.CompletionSources.Add(words);
        return option;
    }

    public static Option<T?> WholeNumber<T>(Option<T?> option, T minimum) where T : struct, IBinaryInteger<T>
    {
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out T value) && value >= minimum) return value;
            result.AddError($"{option.Name} '{text}' is not a whole number of at least {minimum}.");
            return null;
        };
        return option;
    }
}
