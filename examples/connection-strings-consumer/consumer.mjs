// A consumer of Switchboard's `connectionStrings` delivery, as a .NET app would read it: the configuration key
// ConnectionStrings:<name> arrives as the environment variable ConnectionStrings__<name>, holding an ADO.NET
// (Npgsql-style) connection string. It is parsed with an ADO.NET grammar parser, not by hand, then used to log in.
// Usage: node consumer.mjs <name>   — prints "connected <database> as <user>" and exits 0, or exits 1 with the error.
import connectionString from '@tediousjs/connection-string';
import pg from 'pg';

const name = process.argv[2];
const raw = process.env[`ConnectionStrings__${name}`];
if (!raw) {
  console.error(`ConnectionStrings__${name} is not set`);
  process.exit(1);
}
// The parser follows the ADO.NET grammar (quoting, doubled quotes, case-insensitive keys, lower-cased in its map).
const parsed = connectionString.parse(raw);
const pick = (...keys) => keys.map((k) => parsed.get(k)).find((v) => v !== undefined);
const config = {
  host: pick('server', 'host'),
  port: Number(pick('port') ?? 5432),
  database: pick('database'),
  user: pick('user id', 'username', 'user'),
  password: pick('password'),
};
const client = new pg.Client(config);
try {
  await client.connect();
  const { rows } = await client.query('select current_user as u, current_database() as d');
  console.log(`connected ${rows[0].d} as ${rows[0].u}`);
  await client.end();
} catch (e) {
  console.error(`failed: ${e.message}`);
  process.exit(1);
}
