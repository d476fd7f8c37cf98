/**
 * Preloaded into supervised children (`--import`). The supervisor spawns children in their own process group
 * (so a terminal Ctrl-C reaches only the supervisor, which stops them in order); the price is that a killed
 * supervisor would leave them running. The IPC channel closes when the supervisor dies: the child then sends
 * itself SIGTERM and shuts down through its normal, flushing path.
 */
if (process.channel) {
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
  });
  // the channel must never keep the child alive on its own
  process.channel.unref();
}
export {};
