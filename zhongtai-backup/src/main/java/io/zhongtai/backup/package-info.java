/** Backup and restore of the platform: tables, metadata and configuration, into encrypted repositories. */
package io.zhongtai.backup;
