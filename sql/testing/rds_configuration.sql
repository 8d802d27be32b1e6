-- SPDX-License-Identifier: Apache-2.0
-- TEST STAND-IN ONLY -- NEVER INSTALL THIS ON AMAZON RDS.
--
-- Imitates Amazon RDS's mysql.rds_show_configuration() and
-- mysql.rds_set_configuration(name, value) on a plain MariaDB/MySQL server so
-- that rdsclone's integration tests can exercise the "binlog retention hours"
-- path. On real RDS these procedures (and the mysql.rds_configuration table)
-- already exist and belong to rdsadmin; running this file there would replace
-- them.
--
-- Behaviour copied from the RDS User Guide ("Setting and showing binary log
-- configuration"):
--   * rds_show_configuration returns one result set with the columns
--     name, value, description; rows 'binlog retention hours' (default NULL),
--     'source delay' (default 0), 'target delay' (default 0).
--   * 'binlog retention hours': NULL (no retention) or 1..168; 0 is refused.
--   * 'source delay' / 'target delay': 0..86400 seconds. The stand-in only
--     stores them; it does not run CHANGE MASTER TO MASTER_DELAY.
--   * Any other name is an error.
-- NULL for a delay resets it to its default (0).
-- Errors are raised with SIGNAL SQLSTATE '45000'.
--
-- Re-runnable: install with   mariadb -uroot < rds_configuration.sql
-- Values already stored are kept across re-runs.

CREATE TABLE IF NOT EXISTS mysql.rds_configuration (
  name        VARCHAR(100) NOT NULL,
  value       VARCHAR(100) NULL DEFAULT NULL,
  description VARCHAR(300) NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT IGNORE INTO mysql.rds_configuration (name, value, description) VALUES
  ('binlog retention hours', NULL,
   'binlog retention hours specifies the duration in hours before binary logs are automatically deleted.'),
  ('source delay', '0',
   'source delay specifies replication delay in seconds between current instance and its master.'),
  ('target delay', '0',
   'target delay specifies replication delay in seconds between current instance and its future read-replica.');

DROP PROCEDURE IF EXISTS mysql.rds_show_configuration;
DROP PROCEDURE IF EXISTS mysql.rds_set_configuration;

DELIMITER //

CREATE PROCEDURE mysql.rds_show_configuration()
  READS SQL DATA
  COMMENT 'TEST STAND-IN for the Amazon RDS procedure; not for real RDS'
BEGIN
  SELECT name, value, description
    FROM mysql.rds_configuration
   ORDER BY name;
END//

CREATE PROCEDURE mysql.rds_set_configuration(IN p_name VARCHAR(100), IN p_value VARCHAR(100))
  MODIFIES SQL DATA
  COMMENT 'TEST STAND-IN for the Amazon RDS procedure; not for real RDS'
BEGIN
  DECLARE v_name VARCHAR(100) DEFAULT LOWER(TRIM(p_name));
  DECLARE v_raw  VARCHAR(100) DEFAULT TRIM(p_value);
  DECLARE v_num  BIGINT DEFAULT NULL;
  DECLARE v_min  BIGINT;
  DECLARE v_max  BIGINT;
  DECLARE v_msg  VARCHAR(255);

  IF p_name IS NULL OR v_name NOT IN ('binlog retention hours', 'source delay', 'target delay') THEN
    SET v_msg = CONCAT('rds_set_configuration: unknown configuration name ''',
                       IFNULL(p_name, 'NULL'),
                       '''; expected binlog retention hours, source delay or target delay');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_msg;
  END IF;

  IF v_name = 'binlog retention hours' THEN
    SET v_min = 1, v_max = 168;
  ELSE
    SET v_min = 0, v_max = 86400;
  END IF;

  IF p_value IS NOT NULL THEN
    IF v_raw NOT REGEXP '^[0-9]{1,10}$' THEN
      SET v_msg = CONCAT('rds_set_configuration: invalid value ''', p_value, ''' for ''', v_name,
                         '''; expected an integer from ', v_min, ' to ', v_max,
                         IF(v_name = 'binlog retention hours', ' or NULL', ''));
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_msg;
    END IF;
    SET v_num = CAST(v_raw AS UNSIGNED);
    IF v_num < v_min OR v_num > v_max THEN
      SET v_msg = CONCAT('rds_set_configuration: value ', v_num, ' out of range for ''', v_name,
                         '''; expected ', v_min, ' to ', v_max,
                         IF(v_name = 'binlog retention hours', ' or NULL', ''));
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_msg;
    END IF;
  ELSEIF v_name <> 'binlog retention hours' THEN
    SET v_num = 0;  -- NULL resets a delay to its default
  END IF;

  UPDATE mysql.rds_configuration
     SET value = IF(v_num IS NULL, NULL, CAST(v_num AS CHAR))
   WHERE name = v_name;
END//

DELIMITER ;
