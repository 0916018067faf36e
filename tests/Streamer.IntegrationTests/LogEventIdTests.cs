using System.Reflection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Streamer.Core.Logging;

namespace Streamer.IntegrationTests;

/// <summary>Every log message of every process has an id of its own, inside its component's range of the registry.</summary>
public class LogEventIdTests
{
    [Test]
    public void EveryLoggerMessage_HasAUniqueIdInItsComponentsRange()
    {
        var messages = ProductAssemblies()
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (Id: x.Attribute!.EventId, Assembly: x.Method.DeclaringType!.Assembly.GetName().Name!, Name: $"{x.Method.DeclaringType!.Name}.{x.Method.Name}"))
            .ToList();
        Assert.That(messages, Has.Count.GreaterThan(100), "the product's log messages were found");

        var duplicates = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}").ToList();
        Assert.That(duplicates, Is.Empty, "event ids used twice");

        var outside = messages.Where(m => !LogEventIds.Ranges.Any(r => m.Id >= r.First && m.Id <= r.Last && r.Assembly == m.Assembly))
            .Select(m => $"{m.Id} {m.Name} ({m.Assembly})").ToList();
        Assert.That(outside, Is.Empty, "event ids outside their assembly's range in LogEventIds (take a range there first)");

        var overlapping = LogEventIds.Ranges.Zip(LogEventIds.Ranges.Skip(1)).Where(p => p.Second.First <= p.First.Last).ToList();
        Assert.That(overlapping, Is.Empty, "registry ranges overlap or are out of order");
    }

    private static IEnumerable<Assembly> ProductAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not null && (n == "streamer" || (n.StartsWith("Streamer.", StringComparison.Ordinal) && !n.EndsWith("Tests", StringComparison.Ordinal))))
            .Select(n => Assembly.Load(n!));
}
