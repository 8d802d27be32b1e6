-- SPDX-License-Identifier: Apache-2.0
CALL mysql.rds_show_configuration
