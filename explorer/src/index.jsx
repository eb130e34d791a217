// The GraphiQL explorer that the server serves at GET /graphql: queries and mutations over
// HTTP POST to this URL, subscriptions over graphql-ws (graphql-transport-ws) on the same URL.
// Whatever the headers tab holds (e.g. Authorization: Bearer …) goes with every HTTP request
// and as the socket's connectionParams.
import './workers.js';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
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

const plugins = [explorerPlugin()];

const defaultQuery = `# Son1kVers3 GraphQL explorer
#
# Queries and mutations go over HTTP, subscriptions over WebSocket (graphql-ws).
# To act as a user, put an access token in the Headers tab:
#   { "Authorization": "Bearer <accessToken>" }

{
  plans {
    tier
  }
}
`;

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL fetcher={fetcher} plugins={plugins} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers" />,
);
