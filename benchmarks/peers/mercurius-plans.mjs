// The Node peer of `./bench.sh compare`: mercurius + graphql-jit (jit from the first request)
// serving the same `plans` data as the server, read from the JSON file the benchmark wrote.
//   PORT=4001 PLANS_FILE=plans.json node mercurius-plans.mjs
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import mercurius from 'mercurius';

const plans = JSON.parse(readFileSync(process.env.PLANS_FILE, 'utf8'));
const schema = `
  enum Tier { FREE PRO PREMIUM ENTERPRISE }
  enum MusicModel { V3_5 V5 }
  enum Tool { PIXEL_BASIC MUSIC_GENERATOR GHOST_STUDIO NOVA_POST NEXUS_MODE ADMIN_PANEL }
  type ModelLimit { model: MusicModel! limit: Int! }
  type Plan {
    tier: Tier!
    generationsPerDay: Int
    lifetimeGenerations: Int
    lifetimeGenerationsByModel: [ModelLimit!]!
    downloadsPerDay: Int
    sharesPerDay: Int
    lifetimeShares: Int
    watermarkedShares: Boolean!
    tools: [Tool!]!
    tokenAllocation: Int!
    tokenAllocationFree: Int!
    tokenAllocationPaid: Int!
  }
  type Query { plans: [Plan!]! }
`;

const app = Fastify({ logger: false });
app.register(mercurius, { schema, resolvers: { Query: { plans: async () => plans } }, jit: 1, graphiql: false });
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 4001) });
console.log(`mercurius listening on ${process.env.PORT ?? 4001}`);
