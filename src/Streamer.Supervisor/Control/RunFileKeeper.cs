using Microsoft.Extensions.Logging;
using Streamer.Supervisor.Logging;
using Streamer.Supervisor.Supervision;

namespace Streamer.Supervisor.Control;

/// <summary>Rewrites the run file with the current child pids whenever a child starts or exits.</summary>
internal sealed class RunFileKeeper
{
    private readonly string _dataDir;
    private readonly RunInfo _template;
    private readonly ProcessManager _manager;
    private readonly ILogger _log;
    private readonly Lock _gate = new();

    public RunFileKeeper(string dataDir, RunInfo template, ProcessManager manager, ILogger log)
    {
        _dataDir = dataDir;
        _template = template;
        _manager = manager;
        _log = log;
    }

    public void Update()
    {
        lock (_gate)
        {
            try
            {
                RunFile.Write(_dataDir, _template with { Children = _manager.ChildPids().Select(c => new RunChild(c.Name, c.Pid)).ToList() });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SupervisorLog.RunFileError(_log, RunFile.PathFor(_dataDir), e.Message);
            }
        }
    }
}
