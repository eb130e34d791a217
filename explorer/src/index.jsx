// The GraphiQL explorer that the server serves at GET /graphql: queries and mutations over
// HTTP POST to this URL, subscriptions over graphql-ws (graphql-transport-ws) on the same URL.
// Whatever the headers tab holds (e.g. Authorization: Bearer …) goes with every HTTP request
// and as the socket's connectionParams (createGraphiQLFetcher merges the headers into them).
import './workers.js';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './page.css';

const url = new URL(window.location.pathname, window.location.origin);
const subscriptionUrl = new URL(url);
subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({
  url: url.href,
  subscriptionUrl: subscriptionUrl.href,
  enableIncrementalDelivery: false,
});

// The history (GraphiQL's default) and the query builder (the explorer plugin); the docs come with GraphiQL.
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

const defaultQuery = `# Son1kVers3 GraphQL explorer
#
# Queries and mutations: HTTP.
# Subscriptions: WebSocket (graphql-ws).
# To act as a user, put in Headers:
# { "Authorization": "Bearer <accessToken>" }

{
  plans {
    tier
  }
}
`;

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL fetcher={fetcher} plugins={plugins} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers" />,
);
