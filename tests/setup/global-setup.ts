// Runs once before the suite: placeholder until the database template is built here.
export default async function setup() {}
