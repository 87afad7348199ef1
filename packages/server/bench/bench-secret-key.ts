// Benchmarks run servers and scripts on scratch databases: a fixed key seals
// their shops' secrets unless VITRINA_SECRET_KEY is set ('vitrina-bench-key-00000000000000').
process.env.VITRINA_SECRET_KEY ??= Buffer.from('vitrina-bench-key-00000000000000').toString('base64');
