-- SPDX-License-Identifier: Apache-2.0
-- MariaDB role grants: Role granted to User@Host (Host '' for roles).
SELECT Host, User, Role, Admin_option FROM mysql.roles_mapping
