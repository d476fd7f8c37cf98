import type { SensorEvent } from '@argus/sensor-kit';
import type { PgFailure } from './connection.js';

const GRANT = (user: string) => `CREATE ROLE ${user} LOGIN PASSWORD '<password>'; GRANT pg_monitor TO ${user};`;

/** The one clear event per failure kind; null when the failure is not the user's to fix (server down). */
export function failureEvent(
  kind: PgFailure,
  port: number,
  user: string,
  database: string,
  detail: string,
  entityId: string,
): SensorEvent | null {
  const cfg = `sensors.postgres.user / sensors.postgres.password (or sensors.postgres.instances."${port}")`;
  switch (kind) {
    case 'auth':
      return {
        severity: 'warning',
        code: 'POSTGRES_AUTH_FAILED',
        entityId,
        message:
          `PostgreSQL on port ${port} rejected user "${user}" (${detail}). Set ${cfg} in the agent config ` +
          `to a role that may read the statistics views, e.g. ${GRANT(user === 'postgres' ? 'argus' : user)}`,
      };
    case 'permission':
      return {
        severity: 'warning',
        code: 'POSTGRES_PERMISSION_DENIED',
        entityId,
        message: `PostgreSQL on port ${port}: user "${user}" may not read the statistics (${detail}). Run: GRANT pg_monitor TO ${user};`,
      };
    case 'database':
      return {
        severity: 'warning',
        code: 'POSTGRES_DATABASE_MISSING',
        entityId,
        message: `PostgreSQL on port ${port}: database "${database}" does not exist (${detail}). Set sensors.postgres.database to an existing database.`,
      };
    default:
      return null;
  }
}

export function monitorRoleEvent(port: number, user: string, entityId: string): SensorEvent {
  return {
    severity: 'info',
    code: 'POSTGRES_MONITOR_ROLE_MISSING',
    entityId,
    message:
      `PostgreSQL on port ${port}: user "${user}" is not a member of pg_monitor, so other sessions' states, ` +
      `query ages and statement texts are hidden. Run: GRANT pg_monitor TO ${user};`,
  };
}
