// Apollo Client 4 as an app runs it: HttpLink behind the persisted-query link (hashed queries
// over GET), GraphQLWsLink for subscriptions. Usage:
//   node apollo.mjs <http-url> <ws-url> [persisted-query-manifest.json]
// With a manifest, hashes are the manifest's ids (by operation name), as in persisted-only apps.
// Prints one JSON line per step, and one per HTTP exchange ({"http": ...}) for the test to check.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [httpUrl, wsUrl, manifestPath] = process.argv.slice(2);
// One operation per file in operations/ (the manifest generator reads the same files).
const folder = new URL("./operations/", import.meta.url);
const operation = (name) => gql(readFileSync(new URL(`${name}.graphql`, folder), "utf8"));
if (readdirSync(folder).length !== 4) throw new Error("operations/ should hold the four operations this script runs");
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

// Every HTTP exchange, as the server saw it: method, whether the text was sent, the hash, status and error codes.
async function recordingFetch(url, init) {
  const response = await fetch(url, init);
  const body = init?.body ? JSON.parse(init.body) : Object.fromEntries(new URL(url).searchParams);
  const extensions = typeof body.extensions === "string" ? JSON.parse(body.extensions) : body.extensions;
  const text = await response.clone().text();
  let codes = [];
  try { codes = (JSON.parse(text).errors ?? []).map((e) => e.extensions?.code); } catch { }
  print({ http: { operationName: body.operationName, method: init?.method ?? "GET", sentQuery: !!body.query,
    hash: extensions?.persistedQuery?.sha256Hash ?? null, status: response.status, cacheControl: response.headers.get("cache-control"), codes } });
  return response;
}

const manifestIds = manifestPath
  ? Object.fromEntries(JSON.parse(readFileSync(manifestPath, "utf8")).operations.map((o) => [o.name, o.id]))
  : null;
const persisted = new PersistedQueryLink(manifestIds
  ? { generateHash: (document) => manifestIds[getMainDefinition(document).name.value], useGETForHashedQueries: true }
  : { sha256: (text) => createHash("sha256").update(text).digest("hex"), useGETForHashedQueries: true });

function newClient(token) {
  const http = new HttpLink({ uri: httpUrl, fetch: recordingFetch, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const ws = new GraphQLWsLink(createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0 }));
  const link = ApolloLink.split(
    ({ query }) => getMainDefinition(query).operation === "subscription",
    ws,
    persisted.concat(http));
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), ws };
}

function dataOrThrow(name, result) {
  if (result.error) throw new Error(`${name}: ${result.error.message}`);
  return result.data;
}

const anonymous = newClient(null).client;
const plans = dataOrThrow("Plans", await anonymous.query({ query: operation("Plans"), fetchPolicy: "network-only" }));
print({ step: "query", tiers: plans.plans.map((p) => p.tier) });
// A second app start (new client, empty cache): the hash alone now finds the stored document.
const again = dataOrThrow("Plans again", await newClient(null).client.query({ query: operation("Plans"), fetchPolicy: "network-only" }));
print({ step: "query-again", tiers: again.plans.map((p) => p.tier) });

const email = `apollo-${randomUUID()}@tests.son1kvers3.com`;
const registered = dataOrThrow("Register", await anonymous.mutate({ mutation: operation("Register"), variables: { input: { email, password: "correct horse battery" } } }));
const token = registered.register.accessToken;
print({ step: "mutation", signedIn: !!token, errors: registered.register.errors });

const { client, ws } = newClient(token);
const created = dataOrThrow("CreateGeneration", await client.mutate({ mutation: operation("CreateGeneration"), variables: { input: { model: "V5", prompt: "from Apollo Client" } } }));
const id = created.createGeneration.generation.id;
print({ step: "created", id, status: created.createGeneration.generation.status });

const statuses = await new Promise((resolve, reject) => {
  const seen = [];
  const timer = setTimeout(() => reject(new Error(`no COMPLETED within 30 s; saw ${seen.join(",")}`)), 30000);
  client.subscribe({ query: operation("GenerationUpdated"), variables: { id } }).subscribe({
    next: ({ data, error }) => {
      if (error) { clearTimeout(timer); reject(error); return; }
      seen.push(data.generationUpdated.status);
      if (data.generationUpdated.status === "COMPLETED") { clearTimeout(timer); resolve({ seen, tracks: data.generationUpdated.tracks.length }); }
    },
    error: (error) => { clearTimeout(timer); reject(error); },
  });
});
print({ step: "subscription", statuses: statuses.seen, tracks: statuses.tracks });
await ws.client.dispose();
process.exit(0);
