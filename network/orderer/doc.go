// Package orderer is saharanet's ordering service: Fabric's AtomicBroadcast
// (Broadcast and Deliver, fabric-wire.md §8) on top of hashicorp/raft.
//
// # Design
//
// One raft group per channel. Each channel's consenter set comes from its
// own genesis block (EtcdRaft.Consenters), exactly as in Fabric's etcdraft,
// so channels can have different members, join independently through
// channel participation, and a slow or failed channel cannot stall others.
// The price, one heartbeat stream per channel and node pair, is small for
// the handful of channels a consortium runs. All groups share one mutual-TLS
// cluster port: each connection starts with a (kind, channel) header that
// routes it to the channel's raft transport, envelope forwarding, or block
// pulling, and only certificates listed as the channel's consenters are
// accepted.
//
// Raft state per channel: log and stable store in a Pebble database of its
// own, RaftStore (behind a LogCache; channels created before it keep their
// raft-boltdb file), file snapshots, and the chain itself in a small block store:
// two Pebble databases, blocks by number and a tx-id index, kept apart so
// that compactions never rewrite block bytes on account of the randomly
// keyed index. The orderer keeps its own store instead of the peer ledger
// because it needs no state, history or private data.
//
// Durability. Each block is fsynced once per node: in the raft log, before
// raft counts the node towards the commit. The block store writes without
// fsync, because the raft log is the durable copy: a node that crashes
// replays the entries after its last snapshot (the FSM recognises blocks it
// still has), and the FSM syncs the store before raft takes a snapshot,
// after which raft may compact those entries away.
//
// Checking. The node that receives an envelope on Broadcast checks it
// (Fabric's filters; the signature against /Channel/Writers is the costly
// one), up to GOMAXPROCS envelopes of a stream at once, and submits them in
// stream order, none after the first rejected one. A follower forwards
// accepted envelopes to the leader, which does not check them again: the
// forward route admits only the channel's consenters (mutual TLS), and a
// consenter can put anything in a block while it leads, while peers verify
// every transaction's signature again when they validate the block; a
// second ECDSA verification per envelope here would add cost, not safety.
//
// Ordering. The leader runs a block cutter (Cutter: MaxMessageCount,
// PreferredMaxBytes; BatchTimeout by timer) and replicates each block, header
// and data only, as one raft entry, keeping several in flight. Every node's
// FSM checks the block extends its chain (number and previous hash), signs
// the SIGNATURES metadata with its own orderer identity and stores it: header
// hashes are identical on all nodes, metadata differs. Entries proposed by a
// deposed leader that no longer chain are skipped the same way by every node.
//
// Exactly once. Broadcast answers SUCCESS only after the envelope's block is
// committed by raft and stored by the leader, so a leader change can lose an
// answer but never an envelope that was answered SUCCESS. Followers forward
// accepted envelopes to the leader over the cluster port. A new leader first
// waits for every earlier entry to apply (raft Barrier).
//
// Retries and reused tx ids. The leader absorbs exact retries: an envelope
// with the tx id AND the bytes of one in flight (checked when it arrives,
// by comparing bytes) or already in the chain (checked for a whole batch
// when it is cut, in one sorted pass over the tx id index, which stores
// each tx id's envelope SHA-256 hashes) is answered SUCCESS once that copy
// is ordered, and not ordered again. So a client (or the gateway) that
// re-sends after a lost answer or a leader failover gets its envelope
// ordered exactly once, where Fabric's orderer would order the copy again.
// A different envelope carrying a used tx id, such as the same proposal
// endorsed twice and each transaction signed separately, is ordered like
// any other: peers then mark the later occurrence DUPLICATE_TXID
// (fabric-wire.md §4.1 step 3 within a block, §4.2 step 7 against the
// ledger), as Fabric does, so replaying a transaction never commits it
// twice and the replay is visible in the chain. Exact copies need no such
// mark: they are idempotent by construction. Checking the chain at cut time
// is as safe as on arrival: an envelope stays in flight until its block is
// stored.
//
// Raft log size. Raft's own snapshot trigger counts entries, but an entry
// here is a whole block of any size, so each node also snapshots whenever
// SnapshotIntervalSize bytes of blocks were applied since its last snapshot
// (the channel's Orderer.EtcdRaft.Options value, 16 MB by default as in
// Fabric; RaftTiming's when the channel sets none). A snapshot is only height
// and last header hash, after a sync of the block store; raft then compacts
// its log to TrailingLogs entries (256 by default). A node's raft log thus
// stays near SnapshotIntervalSize plus TrailingLogs blocks instead of growing
// with the block size (4,096 trailing entries of 2 MB blocks were 8 GB).
//
// Catch-up. A restarted node replays raft entries it missed; when the leader
// has compacted them into a snapshot, the snapshot carries only height and
// last header hash, and the node pulls the missing blocks from another
// consenter (verifying the hash chain ends at the snapshot's hash), as
// Fabric's etcdraft does.
//
// Performance. BenchmarkBroadcast3Nodes measures envelopes/s, Broadcast to
// SUCCESS latency and CPU time per envelope for three in-process nodes; the
// figures, how they were taken and where the CPU goes are in README.md.
//
// TestCluster (NewTestCluster) runs n orderers in-process with real mutual
// TLS, raft and Pebble; other packages' tests use it as their ordering
// service. cmd/saharanet-orderer wires the same code into a process.
package orderer
