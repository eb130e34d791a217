import sys, re, collections
cats = collections.Counter(); total = 0
rules = [(n, re.compile(r)) for n, r in [
 ('settle.LockJob', r'LockJobAsync'), ('settle.SettleReservation', r'SettleReservationAsync'), ('settle.Commit', r'Transaction\+<CommitAsync>'),
 ('settle.Begin', r'PostgresOutcomeTransactions\+<BeginAsync>'), ('settle.SaveChanges', r'SaveChanges|BatchExecutor'),
 ('settle.other', r'GenerationSettlement'), ('advance.read', r'AdvanceGeneration\+<HandleAsync>'), ('advance.submit/poll', r'AdvanceGeneration'),
 ('claim', r'ClaimDueAsync'), ('renew', r'RenewAsync|RenewLeases'), ('sim', r'Simulated'), ('workerloop', r'GenerationWorker'),
 ('create.ledger', r'PostgresTokenLedger|LedgerRows'), ('create', r'CreateGeneration'), ('graphql', r'GraphQL\.|OperationRunner|GraphQLHttpEndpoint'), ('kestrel', r'Kestrel|AspNetCore'),
 ('tls', r'SslStream|libssl|libcrypto'), ('npgsql', r'Npgsql'), ('redis', r'StackExchange'), ('jit', r'libclrjit'), ('coreclr', r'libcoreclr')]]
sample = []; comm = None
def flush():
    global total
    if not sample: return
    total += 1
    if comm == 'postgres': cats['pg'] += 1; return
    text = '\n'.join(sample)
    for name, rx in rules:
        if rx.search(text): cats[name] += 1; return
    cats['other'] += 1
for line in sys.stdin:
    if not line.strip():
        flush(); sample = []; comm = None; continue
    if not line.startswith((' ', '\t')):
        comm = line.split()[0] if line.split() else None; continue
    sample.append(line)
flush()
for k, v in cats.most_common(30): print(f"{k:30s} {100*v/total:5.1f}%")
print('samples', total)
