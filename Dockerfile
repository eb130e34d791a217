# The GraphiQL explorer's bundle (explorer/dist), served by the server from its own files.
FROM node:22-bookworm-slim AS explorer
WORKDIR /src/explorer
COPY explorer/package.json explorer/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY explorer/ ./
RUN node build.mjs

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
COPY --from=explorer /src/explorer/dist explorer/dist
RUN dotnet publish src/GraphQL/Son1kVers3.GraphQL.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production PORT=3001 HOST=0.0.0.0
EXPOSE 3001
ENTRYPOINT ["dotnet", "Son1kVers3.GraphQL.dll"]
