using System.Text.Json.Serialization;

namespace Streamer.Supervisor.Metrics;

[JsonSerializable(typeof(string[]))]
internal sealed partial class MetricsJson : JsonSerializerContext;
