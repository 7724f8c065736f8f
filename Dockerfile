# syntax=docker/dockerfile:1
# Build on the SDK image, run on the chiseled ASP.NET runtime: no shell, no package manager, non-root.
# `make image` builds it as ghcr.io/syncer-io/syncer:$(VERSION); there is no `latest`.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG VERSION=0.0.0-dev
ARG COMMIT=unknown
WORKDIR /src
# Restore first so the layer is cached while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Syncer/Syncer.csproj src/Syncer/
RUN dotnet restore src/Syncer/Syncer.csproj
COPY src/ src/
# The version and commit land in the assembly's informational version (what syncer_build_info reports).
RUN dotnet publish src/Syncer/Syncer.csproj -c Release -o /out --no-restore /p:UseAppHost=false \
    "/p:Version=${VERSION}" "/p:SourceRevisionId=${COMMIT}"

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
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
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=0 \
    DOTNET_GCHeapHardLimitPercent=0x4B
EXPOSE 8080
ENTRYPOINT ["dotnet", "Syncer.dll"]
