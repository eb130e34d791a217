# syntax=docker/dockerfile:1
# The API image: docker build -t son1kvers3-api .   (see README, "Run in production")
# Stages: explorer (npm bundle of the GraphiQL page) and build (restore, then publish) feed a
# runtime image that holds only the published app and runs as a non-root user.
ARG DOTNET_VERSION=10.0
ARG NODE_VERSION=22

# --- The GraphiQL explorer bundle (npm package in explorer/, `npm run build` writes explorer/dist).
FROM node:${NODE_VERSION}-bookworm-slim AS explorer
WORKDIR /explorer
COPY explorer/package.json explorer/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY explorer/ ./
RUN npm run build

# --- Restore on the project files alone (this layer stays cached until a csproj, a Directory.*.props
# or global.json changes), then build and publish.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Domain/Son1kVers3.Domain.csproj src/Domain/
COPY src/Application/Son1kVers3.Application.csproj src/Application/
COPY src/Infrastructure/Son1kVers3.Infrastructure.csproj src/Infrastructure/
COPY src/GraphQL/Son1kVers3.GraphQL.csproj src/GraphQL/
RUN dotnet restore src/GraphQL/Son1kVers3.GraphQL.csproj
COPY .editorconfig ./
COPY src/ src/
COPY --from=explorer /explorer/dist explorer/dist
RUN dotnet publish src/GraphQL/Son1kVers3.GraphQL.csproj -c Release --no-restore -o /app -p:UseAppHost=false

# --- Runtime: the ASP.NET Core image (no SDK, no curl/wget), as its built-in non-root user "app".
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
# DOTNET_TC_CallCountingDelayMs=0: hot methods move to optimised (tier-1) code from the first load on.
# By default the runtime waits 100 ms without any new method before it starts counting calls, 10x
# that on one CPU, so a busy one-CPU server ran tier-0 code for 30-40 s (4x the CPU per request).
ENV ASPNETCORE_ENVIRONMENT=Production \
    HOST=0.0.0.0 \
    PORT=3001 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_TC_CallCountingDelayMs=0
# APP_UID (1654) is defined by the .NET base images; a numeric user lets Kubernetes check runAsNonRoot.
USER $APP_UID
EXPOSE 3001
# /health/live answers while the process serves; `--healthcheck` asks it on PORT and exits 0/1.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["dotnet", "Son1kVers3.GraphQL.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "Son1kVers3.GraphQL.dll"]
