'use strict'
// A bounded query load on an in-process dynalite (127.0.0.1, LevelDB in a temp folder), printing its heap as it
// goes: the reproduction of dynalite 4.0.0's iterator leak. From the repository root:
//   node --max-old-space-size=128 local/dynalite/src/test/node/query-load.js [seconds] [concurrency]
//       -> the heap climbs until V8 aborts ("JavaScript heap out of memory", exit code 134)
//   node --max-old-space-size=128 --require ./local/dynalite/src/main/node/dynalite-preload.js \
//       local/dynalite/src/test/node/query-load.js [seconds] [concurrency]
//       -> the heap stays flat
const http = require('http')
const fs = require('fs')
const os = require('os')
const path = require('path')

const seconds = Number(process.argv[2] || 60)
const concurrency = Number(process.argv[3] || 20)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynalite-query-load-'))
const server = require('dynalite')({ path: dir, createTableMs: 0 })

function call (port, target, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body)
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: keepAlive, headers: {
      'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.' + target,
      Authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, ' +
        'SignedHeaders=host, Signature=00', 'X-Amz-Date': '20260101T000000Z',
      'Content-Length': Buffer.byteLength(data),
    } }, res => {
      let out = ''
      res.on('data', c => { out += c })
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(out)) : reject(new Error(out))))
    })
    req.on('error', reject)
    req.end(data)
  })
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: concurrency })

server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port
  await call(port, 'CreateTable', { TableName: 'Calls', BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [ { AttributeName: 'owner', AttributeType: 'S' },
      { AttributeName: 'id', AttributeType: 'S' } ],
    KeySchema: [ { AttributeName: 'owner', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'RANGE' } ] })
  for (let i = 0; i < 1000; i++) {
    await call(port, 'PutItem', { TableName: 'Calls', Item: { owner: { S: 'local' }, id: { S: 'call_' + i },
      message: { S: 'x'.repeat(200) } } })
  }
  let queries = 0
  const end = Date.now() + seconds * 1000
  const report = setInterval(() => {
    const m = process.memoryUsage()
    console.log(`${queries} queries, heap ${(m.heapUsed / 1e6).toFixed(0)} MB, rss ${(m.rss / 1e6).toFixed(0)} MB`)
  }, 5000)
  async function loop () {
    while (Date.now() < end) {
      // A page of a list, as GET /api/calls/list asks for it: the query stops at its Limit.
      await call(port, 'Query', { TableName: 'Calls', KeyConditionExpression: '#o = :o', Limit: 50,
        ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'local' } } })
      queries++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  clearInterval(report)
  const m = process.memoryUsage()
  console.log(`done: ${queries} queries, heap ${(m.heapUsed / 1e6).toFixed(0)} MB`)
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
})
