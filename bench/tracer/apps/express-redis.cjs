// Bench app: express with one Redis call per request (REDIS_PORT).
const express = require('express');
const Redis = require('ioredis');

const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT) });
redis.set('greeting', 'hello world');
const app = express();
// the bench sends each phase to its own path (/warm, /full, /rate) so stored server spans can be counted per phase
app.get(['/', '/:phase'], async (_req, res) => {
  res.type('text/plain').send(await redis.get('greeting'));
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => {
  redis.disconnect();
  server.close(() => process.exit(0));
});
