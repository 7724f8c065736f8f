# syntax=docker/dockerfile:1
# Build on the SDK image, run on the chiseled ASP.NET runtime: no shell, no package manager, non-root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first so the layer is cached while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Syncer/Syncer.csproj src/Syncer/
RUN dotnet restore src/Syncer/Syncer.csproj
COPY src/ src/
RUN dotnet publish src/Syncer/Syncer.csproj -c Release -o /out --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /out ./
# A numeric non-root user (the manifests also set runAsUser 65532 and a read-only root filesystem).
USER 65532:65532
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=0 \
    DOTNET_GCHeapHardLimitPercent=0x4B
EXPOSE 8080
ENTRYPOINT ["dotnet", "Syncer.dll"]
