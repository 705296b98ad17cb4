// npm scripts must run on the Lambda runtime's major version: the `node` devDependency puts it
// first on their PATH. Fails loudly if a script was started some other way.
const wanted = '24';
const major = process.versions.node.split('.')[0];
if (major !== wanted) {
  console.error(`This project runs on Node ${wanted} (the "node" devDependency, first on npm scripts' PATH); got ${process.version}. Run it through npm (npm test, npm start, npm run …).`);
  process.exit(1);
}
