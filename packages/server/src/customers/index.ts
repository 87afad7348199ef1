// The public surface of customers/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { deleteCustomerRecords, findCustomerRecords } from './customer-erasure.repository.js';
export { findCustomerById, insertCustomers, insertMissingCustomers, selectCustomerRegion } from './customers.repository.js';
export type { NewCustomer } from './customers.table.js';
export { adminCustomerRoutes } from './admin-customers.routes.js';
export { findCustomerByEmail, getCustomerDetail, listCustomerContactsByIds } from './customers.service.js';
