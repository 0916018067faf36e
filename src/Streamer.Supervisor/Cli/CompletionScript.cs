namespace Streamer.Supervisor.Cli;

/// <summary>
/// <c>streamer completion bash</c>: a bash function that asks streamer itself for completions through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so they always match this build's commands and options.
/// </summary>
public static class CompletionScript
{
    /// <summary>Shells a script exists for.</summary>
    public static IReadOnlyList<string> Shells { get; } = ["bash"];

    /// <summary>The bash script: <c>source &lt;(streamer completion bash)</c>, or save it under bash-completion's completions folder.</summary>
    public const string Bash = """
        # bash completion for streamer (System.CommandLine's [suggest] directive).
        # Enable: source <(streamer completion bash)    or save as ~/.local/share/bash-completion/completions/streamer
        _streamer_complete()
        {
            local IFS=$'\n'
            # The line up to the cursor, with the program word (streamer, ./run.sh, a path) read as streamer.
            local line="${COMP_LINE:0:COMP_POINT}"
            line="streamer${line#"${COMP_WORDS[0]}"}"
            local suggestions
            suggestions=$("${COMP_WORDS[0]}" "[suggest:${#line}]" "${line}" 2>/dev/null) || return 0
            COMPREPLY=( $(compgen -W "${suggestions}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _streamer_complete streamer ./run.sh

        """;
}
