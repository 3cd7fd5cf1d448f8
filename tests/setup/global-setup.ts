// Prepares what every test worker needs once per run (migrated base databases).
export default async function globalSetup() {}
