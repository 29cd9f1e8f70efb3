/*
 * caio_file_jni.h - registering the O_DIRECT file natives (caio_file_jni.c).
 */
#ifndef CAIO_FILE_JNI_H_
#define CAIO_FILE_JNI_H_

#include <jni.h>

/* For JNI_OnLoad: 0, or -1 with an exception pending. */
int caio_register_file_natives(JNIEnv *env);

#endif /* CAIO_FILE_JNI_H_ */
