#!/usr/bin/env node
// Pages every contact, company, deal and ticket with HubSpot's official Node
// client (@hubspot/api-client, pinned in package.json) through its getAll(),
// against a HubSpot-compatible base URL (the sandbox), and prints one line per
// type plus a total line:
//
//   contacts records=300 unique=300 seconds=0.104 records_per_s=2884.6
//   ...
//   total records=560 unique=560 seconds=0.301 records_per_s=1860.5
//
// Usage: node getall.js BASE_URL [--types contacts,companies,deals,tickets]
//                                [--retries N] [--limit N] [--associations]
// --associations asks each page for the associations to the other three types
// inline, as the product's client does (the SDK reads the first page of each
// record's lists, it does not follow their paging).
// The private-app token comes from $HUBSPOT_ACCESS_TOKEN (never printed).
// Exit code 0 on success, 1 on an API error, 2 on bad usage.
'use strict';

const hubspot = require('@hubspot/api-client');

const usage =
    'usage: node getall.js BASE_URL [--types LIST] [--retries N] [--limit N] [--associations]';
const allTypes = ['contacts', 'companies', 'deals', 'tickets'];

function parseArgs(argv) {
    const args = { types: allTypes.slice(), retries: 0, limit: 100, associations: false };
    const rest = [];
    for (let i = 0; i < argv.length; ++i) {
        const a = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
            return argv[++i];
        };
        if (a === '--types') args.types = value().split(',').filter(Boolean);
        else if (a === '--retries') args.retries = Number.parseInt(value(), 10);
        else if (a === '--limit') args.limit = Number.parseInt(value(), 10);
        else if (a === '--associations') args.associations = true;
        else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
        else rest.push(a);
    }
    if (rest.length !== 1) throw new Error('BASE_URL is required');
    if (!Number.isInteger(args.retries) || args.retries < 0 || args.retries > 6)
        throw new Error('--retries needs 0..6');
    if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > 100)
        throw new Error('--limit needs 1..100');
    args.baseUrl = rest[0].replace(/\/+$/, '');
    return args;
}

function line(label, records, unique, seconds) {
    const rate = seconds > 0 ? records / seconds : 0;
    return `${label} records=${records} unique=${unique} seconds=${seconds.toFixed(3)} ` +
        `records_per_s=${rate.toFixed(1)}`;
}

async function main() {
    let args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`getall.js: ${e.message}\n${usage}\n`);
        return 2;
    }
    const accessToken = process.env.HUBSPOT_ACCESS_TOKEN;
    if (!accessToken) {
        process.stderr.write('getall.js: set HUBSPOT_ACCESS_TOKEN to a private-app token\n');
        return 2;
    }
    const config = { accessToken, basePath: args.baseUrl };
    if (args.retries > 0) config.numberOfApiCallRetries = args.retries;
    const client = new hubspot.Client(config);

    const started = process.hrtime.bigint();
    let total = 0;
    let totalUnique = 0;
    for (const type of args.types) {
        const api = client.crm[type];
        if (!api || typeof api.getAll !== 'function') {
            process.stderr.write(`getall.js: the SDK has no crm.${type}.getAll\n`);
            return 2;
        }
        const t0 = process.hrtime.bigint();
        let records;
        try {
            const associations = args.associations
                ? allTypes.filter((other) => other !== type)
                : undefined;
            records = await api.getAll(args.limit, undefined, undefined, undefined, associations);
        } catch (e) {
            const status = e.code || (e.response && e.response.status) || '?';
            process.stderr.write(`getall.js: ${type}: HTTP ${status}: ${e.message.split('\n')[0]}\n`);
            return 1;
        }
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const unique = new Set(records.map((r) => r.id)).size;
        total += records.length;
        totalUnique += unique;
        process.stdout.write(line(type, records.length, unique, seconds) + '\n');
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(line('total', total, totalUnique, seconds) + '\n');
    return 0;
}

main().then((code) => process.exit(code));
