// Module ids by name, not by a hash of the module's identifier: @jupyterlab/builder gives
// the federated container absolute paths, so hashed ids would change with the folder the
// kit was cloned into, and the shipped bundle could not be checked against its sources.
module.exports = {
  optimization: {
    moduleIds: 'named',
    chunkIds: 'named'
  }
};
