# Runs streamer on Windows (PowerShell 5+ or pwsh), building it first when needed (first use, or any
# source or build file changed since the last build). Needs only the .NET SDK. All arguments go to
# streamer, e.g.:  .\run.ps1 --simulate    .\run.ps1 -c config.yaml    .\run.ps1 --daemon start
# Windows has no SIGTERM: '--daemon stop' asks the running instance over its control pipe instead.
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$out = Join-Path $root '.build/streamer'
$exe = Join-Path $out 'streamer.exe'
$stamp = Join-Path $out '.build-stamp'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'

function Test-NeedsBuild {
    if (-not (Test-Path $exe) -or -not (Test-Path $stamp)) { return $true }
    $built = (Get-Item $stamp).LastWriteTimeUtc
    $inputs = @(Get-ChildItem -Path (Join-Path $root 'src') -Recurse -File |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $inputs += @(Get-ChildItem -Path $root -File -Filter 'Directory.*.props')
    $inputs += @(Get-Item (Join-Path $root 'global.json'))
    return [bool]($inputs | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

if (Test-NeedsBuild) {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Write-Error "run.ps1: the .NET SDK is needed to build streamer (https://dot.net/download); 'dotnet' is not on PATH"
        exit 1
    }
    Write-Host "run.ps1: building streamer into $out ..."
    # The stamp time is taken before the build, so a file edited during the build triggers the next one.
    $startedAt = [DateTime]::UtcNow
    dotnet build (Join-Path $root 'src/Streamer/Streamer.csproj') -c Release -o $out -nologo -v quiet '-clp:ErrorsOnly;NoSummary'
    if ($LASTEXITCODE -ne 0) { Write-Error 'run.ps1: build failed'; exit 1 }
    New-Item -ItemType File -Force -Path $stamp | Out-Null
    (Get-Item $stamp).LastWriteTimeUtc = $startedAt
}

& $exe @args
exit $LASTEXITCODE
