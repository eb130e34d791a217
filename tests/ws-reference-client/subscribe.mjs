// Follows one generation with the reference graphql-transport-ws client (graphql-ws) and prints
// each update as a JSON line. Usage: node subscribe.mjs <ws-url> <access-token> <generation-id>
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, id] = process.argv.slice(2);
const timeout = setTimeout(() => { console.error('timed out'); process.exit(2); }, 30_000);
const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });

try {
  await new Promise((resolve, reject) => {
    client.subscribe(
      { query: 'subscription($id: ID!) { generationUpdated(id: $id) { status tracks { audioUrl } } }', variables: { id } },
      {
        next: (result) => console.log(JSON.stringify(result)),
        error: reject,
        complete: resolve,
      });
  });
  console.log(JSON.stringify({ completed: true }));
} catch (error) {
  console.error(JSON.stringify(error?.message ?? error));
  process.exitCode = 1;
} finally {
  clearTimeout(timeout);
  await client.dispose();
}
