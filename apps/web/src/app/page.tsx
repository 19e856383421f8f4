export default function HomePage() {
  return (
    <main>
      <h1>Raftboard</h1>
      <p>
        A task board whose every write is replicated by Raft. The board connects to any node of the
        cluster; the GraphQL playground of a node is at <code>/graphql</code> on its HTTP port.
      </p>
    </main>
  );
}
