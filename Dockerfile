# syntax=docker/dockerfile:1
# Build on the SDK image, run on the chiseled runtime-deps image: no shell, no package manager, no .NET of its own
# (the publish is self-contained, trimmed to what Syncer uses: PublishProfiles/container.pubxml), non-root.
# `make image` builds it as ghcr.io/syncer-io/syncer:$(VERSION); there is no `latest`.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG VERSION=0.0.0-dev
ARG COMMIT=unknown
WORKDIR /src
# Restore first so the layer is cached while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Syncer/Syncer.csproj src/Syncer/
# The runtime and the trimmer for the publish profile's runtime identifier (a restore does not read the profile).
RUN dotnet restore src/Syncer/Syncer.csproj -r linux-x64 -p:PublishTrimmed=true
COPY src/ src/
# The version and commit land in the assembly's informational version (what syncer_build_info reports).
# `make publish` makes the same build into artifacts/publish (the one `make bench` measures).
RUN dotnet publish src/Syncer/Syncer.csproj -p:PublishProfile=container -o /out --no-restore \
    "/p:Version=${VERSION}" "/p:SourceRevisionId=${COMMIT}"

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
ARG VERSION=0.0.0-dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="syncer" \
      org.opencontainers.image.description="Keeps labeled Kubernetes Secrets in step with HashiCorp Vault" \
      org.opencontainers.image.source="https://github.com/syncer-io/syncer" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
WORKDIR /app
COPY --from=build /out ./
# A numeric non-root user (the manifests also set runAsUser 65532 and a read-only root filesystem).
USER 65532:65532
# Runtime settings measured by make bench (docs/performance.md): the managed heap may use 75% of the container's
# memory limit; a 4 MiB gen0 budget (hexadecimal) instead of one sized from the CPU's cache, which on a server CPU
# let the working set grow by 15 MB more under load for a heap of under 20 MB. Workstation GC is the project's own
# setting (Syncer.csproj), so `make run` and the bench use it too.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_GCHeapHardLimitPercent=0x4B \
    DOTNET_GCgen0size=0x400000
EXPOSE 8080
ENTRYPOINT ["/app/Syncer"]
